"""Use-cases. Each takes a session from its caller, who owns the transaction."""
