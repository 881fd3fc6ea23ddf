"""What every app's pages share: file downloads with safe names, and import previews confirmed
by their own token. Django only; below the apps, so any app's views may use it."""
