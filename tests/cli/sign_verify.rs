//! Tests of `whk sign` and `whk verify`.
