//! Tests of `whk listen`.
