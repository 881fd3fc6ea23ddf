"""Self-assessment against national frameworks: rounds of responses, results by domain, actions."""
