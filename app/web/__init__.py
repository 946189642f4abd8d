"""HTTP: pages, htmx fragments and the JSON API, thin layers over the services."""
