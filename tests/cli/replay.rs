//! Tests of `whk replay`.
