package web

// LoginView is the sign-in form.
type LoginView struct {
	Email  string
	Next   string
	Errors Errors
}

func pageTitle(title string, errs Errors) string {
	if len(errs) > 0 {
		return "Fel: " + title
	}
	return title
}

// ForgotView is the form that asks for a reset link.
type ForgotView struct {
	Email  string
	Errors Errors
	Sent   bool
}

// SetPasswordView is the form reached from an invitation or reset link.
type SetPasswordView struct {
	Invitation bool // an invitation rather than a reset
	Action     string
	Name       string
	Email      string
	Errors     Errors
}

const passwordHint = "Minst 12 tecken. Ett bra lösenord är några ord som inte hör ihop, till exempel ”grön kaffe vid älven”."

func setPasswordTitle(v SetPasswordView) string {
	if v.Invitation {
		return "Välj lösenord"
	}
	return "Välj nytt lösenord"
}
