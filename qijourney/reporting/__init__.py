"""Board reporting: board metrics, saved report configurations, issued (frozen) reports."""
