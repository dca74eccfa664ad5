package server

// Removing or erasing a thing asks first, on a page that says what goes
// with it; the form there posts the removal at the version the page showed.

import (
	"cmp"
	"context"
	"net/http"

	"modellportalen/internal/store"
	"modellportalen/web"
)

// removable is one thing that may be removed or erased: the page that asks
// first, the removal itself, and what to say afterwards.
type removable struct {
	confirm web.ConfirmView
	remove  func(ctx context.Context, a store.Actor, version int) error
	back    string // where the thing was listed
	done    string
	refused string // when recorded history stops the removal
	changed string // when someone changed it meantime; a general notice if empty
	gone    string // when someone removed it meantime; a general notice if empty
}

// confirmRemoval shows the page that asks before the thing load finds is
// removed.
func (s *Server) confirmRemoval(load func(*http.Request) (removable, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		x, err := load(r)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, web.ConfirmPage(x.confirm))
	}
}

// removal removes the thing load finds, at the version the page showed,
// and goes back to where the thing was listed, saying what happened or
// why it did not.
func (s *Server) removal(load func(*http.Request) (removable, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		x, err := load(r)
		if err != nil {
			return err
		}
		err = x.remove(r.Context(), actorOf(r), postedVersion(r))
		return afterChange(err, x.back, x.done,
			refusal{store.ErrHasHistory, x.refused},
			refusal{store.ErrConflict, cmp.Or(x.changed, "Någon annan ändrade uppgifterna medan du tittade; inget togs bort. Försök igen.")},
			refusal{store.ErrNotFound, cmp.Or(x.gone, "Det var redan borttaget.")})
	}
}
