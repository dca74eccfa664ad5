package web

import "modellportalen/internal/portal"

// AccountView is a signed-in person's own account.
type AccountView struct {
	User         portal.User
	Name         string // as typed in the name form
	NameErrors   Errors
	PasswordErrs Errors
}
