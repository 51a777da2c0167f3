//! Tests of `whk events`.
