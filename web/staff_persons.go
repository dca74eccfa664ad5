package web

import (
	"modellportalen/internal/portal"
)

// PersonDataView is the staff page for a GDPR access request.
type PersonDataView struct {
	Email  string
	Record portal.PersonRecord
	Errors Errors
}
