//! The receiving side of `whk listen`: HTTP server, verification, group-committed recording, duplicate marking, forwarding and failure simulation. (Being built.)
