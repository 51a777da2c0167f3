//! Tests of `whk cli polish`.
