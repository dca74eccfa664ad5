package web

// Paths of the statements every page's footer links to (Swedish; English
// under /en).
const (
	AccessibilityPath = "/tillganglighet"
	PrivacyPath       = "/personuppgifter"
)

// StatementContact is where visitors report accessibility problems and ask
// about their personal data.
const StatementContact = "info@skr.se"

// The accessibility statement's dates: when the portal was last assessed,
// and when the statement was last revised. Update both after a new review.
const (
	statementAssessed = "2026-11-26"
	statementUpdated  = "2026-11-26"
)
