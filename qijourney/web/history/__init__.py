"""History and undo, for every versioned item: its History page, restoring a version, and
Recently deleted. The pages are the web package's because they read several apps."""
