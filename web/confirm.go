package web

import "github.com/a-h/templ"

// ConfirmView is a page that asks before something is removed for good:
// what goes, what goes with it, and one destructive button beside a way
// back that changes nothing. With Refused set the page explains why the
// removal cannot be done and offers only the way back.
type ConfirmView struct {
	Title   string          // the question, e.g. "Radera Anna Berg?"
	Crumbs  templ.Component // breadcrumbs above the heading; may be nil
	Lead    []string        // what is removed and what goes with it
	Refused string          // why it cannot be removed; no form when set
	Action  string          // where the form posts
	Version int             // the record's version as shown, for the conflict check; 0 for none
	Button  string          // the destructive button's text
	Cancel  string          // where "Avbryt" leads
}
