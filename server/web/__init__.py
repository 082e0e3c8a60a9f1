"""The web consoles for casemanagers, moderators and admins: server-rendered, Dutch, htmx."""
