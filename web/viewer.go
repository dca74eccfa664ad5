package web

import (
	"context"
	"time"

	"modellportalen/internal/portal"
)

// Viewer is who looks at a page, as the layout and forms need it: the
// signed-in user (nil for anyone else), the session's CSRF token and the
// notice the previous request left.
type Viewer struct {
	User *portal.User
	// CSRFToken returns the session's token for forms, making one on first
	// use so that anonymous visitors who never see a form get no session.
	CSRFToken func() string
	// Flash returns the outcome of the action that sent the visitor here,
	// the same at every call. It is taken from the session when a page
	// first shows it, so a page without a notice leaves it for the next.
	Flash func() string
}

type viewerKey struct{}

// WithViewer puts the viewer in the context that pages render with.
func WithViewer(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

func viewerOf(ctx context.Context) Viewer {
	v, _ := ctx.Value(viewerKey{}).(Viewer)
	return v
}

func flashOf(ctx context.Context) string {
	if v := viewerOf(ctx); v.Flash != nil {
		return v.Flash()
	}
	return ""
}

func csrfToken(ctx context.Context) string {
	if v := viewerOf(ctx); v.CSRFToken != nil {
		return v.CSRFToken()
	}
	return ""
}

// FieldError is a problem with one form field, shown beside the field and
// in the error summary at the top of the page.
type FieldError struct {
	Field   string // the id of the input it belongs to
	Message string
}

// Errors are a form's problems in page order.
type Errors []FieldError

// Add appends a problem with the field.
func (e *Errors) Add(field, message string) { *e = append(*e, FieldError{field, message}) }

// Get returns the problem with the field, "" when none.
func (e Errors) Get(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

func dateTime(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return t.In(stockholm).Format("2006-01-02 15:04")
}

var stockholm = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.UTC
}()
