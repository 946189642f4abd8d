"""facttrack: track the figures that news articles report."""
