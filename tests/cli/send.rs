//! Tests of `whk send`.
