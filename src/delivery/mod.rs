//! Outgoing deliveries: building signed requests from the catalog or a fixture, sending them with the provider's retry schedule, duplicates, load mode and replay. (Being built.)
