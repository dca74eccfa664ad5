package server

// Loading the records a URL names. Every id in a URL is checked against
// the parent the URL puts it under: a round's group, meeting or
// participation against the {round}, a delegate or work against the
// organisation the route guard checked. Reached through another parent, a
// record is not found; another organisation's participation is forbidden.

import (
	"context"
	"fmt"
	"net/http"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
)

// byParam loads, with get, the record whose id is in the URL parameter
// param. A parameter that is no id is not found, like an id nothing has.
func byParam[T any](r *http.Request, param string, get func(context.Context, int64) (T, error)) (T, error) {
	id, ok := idParam(r, param)
	if !ok {
		var zero T
		return zero, errNotFound
	}
	rec, err := get(r.Context(), id)
	if err != nil {
		return rec, fmt.Errorf("load %s %d: %w", param, id, err)
	}
	return rec, nil
}

// byParamIn is byParam for a record that must belong to the parent with
// parentID (parentOf says whose it is): reached through another parent's
// URL, it is not found.
func byParamIn[T any](r *http.Request, param string, get func(context.Context, int64) (T, error),
	parentOf func(T) int64, parentID int64) (T, error) {
	rec, err := byParam(r, param, get)
	if err == nil && parentOf(rec) != parentID {
		var zero T
		return zero, errNotFound
	}
	return rec, err
}

// loadRound fetches the {round} of the URL; errNotFound when there is none.
func (s *Server) loadRound(r *http.Request) (portal.Round, error) {
	return byParam(r, "round", kept(s, r, "round", s.Store.RoundByID))
}

// loadRoundAnd loads the {round} of the URL and the record of the round
// whose id is the URL parameter param; errNotFound when there is none or
// when it belongs to another round.
func loadRoundAnd[T any](s *Server, r *http.Request, param string,
	get func(context.Context, int64) (T, error), roundOf func(T) int64) (portal.Round, T, error) {
	round, err := s.loadRound(r)
	if err != nil {
		var zero T
		return round, zero, err
	}
	rec, err := byParamIn(r, param, kept(s, r, param, get), roundOf, round.ID)
	return round, rec, err
}

// roundAndOptional loads the {round} of the URL and, when the URL also has
// param (an edit rather than a create), that record of the round. A param
// that is no record's id is not found, never a create.
func roundAndOptional[T any](s *Server, r *http.Request, param string,
	get func(context.Context, int64) (T, error), roundOf func(T) int64) (portal.Round, *T, error) {
	round, err := s.loadRound(r)
	if err != nil {
		return round, nil, err
	}
	rec, err := optionalIn(r, param, kept(s, r, param, get), roundOf, round.ID)
	return round, rec, err
}

// optionalIn is byParamIn for a page that edits the record when the URL
// has param and otherwise creates one: nil when it has not.
func optionalIn[T any](r *http.Request, param string, get func(context.Context, int64) (T, error),
	parentOf func(T) int64, parentID int64) (*T, error) {
	if chi.URLParam(r, param) == "" {
		return nil, nil
	}
	rec, err := byParamIn(r, param, get, parentOf, parentID)
	if err != nil {
		return nil, err
	}
	return &rec, nil
}

// ownParticipation loads the organisation of the URL and one of its
// participations (from {participation}, or the given id). Another
// organisation's participation is forbidden: the URL was edited.
func (s *Server) ownParticipation(r *http.Request, pid int64) (portal.Organisation, portal.Participation, portal.Round, error) {
	if pid == 0 {
		var ok bool
		if pid, ok = idParam(r, "participation"); !ok {
			return portal.Organisation{}, portal.Participation{}, portal.Round{}, errNotFound
		}
	}
	p, err := keptByID(s, r, "participation", pid, s.Store.ParticipationByID)
	if err != nil {
		return portal.Organisation{}, p, portal.Round{}, fmt.Errorf("load participation %d: %w", pid, err)
	}
	if p.Organisation.ID != organisationOf(r) {
		return portal.Organisation{}, p, portal.Round{}, errForbidden
	}
	round, err := keptByID(s, r, "round", p.RoundID, s.Store.RoundByID)
	if err != nil {
		return portal.Organisation{}, p, round, fmt.Errorf("load round %d: %w", p.RoundID, err)
	}
	return p.Organisation, p, round, nil
}

// ownRecord loads the record whose id is the URL parameter param with get,
// and the organisation and round of its participation, which must be the
// URL organisation's.
func ownRecord[T any](s *Server, r *http.Request, param string, get func(context.Context, int64) (T, error),
	participationOf func(T) int64) (T, portal.Organisation, portal.Round, error) {
	rec, err := byParam(r, param, get)
	if err != nil {
		return rec, portal.Organisation{}, portal.Round{}, err
	}
	org, _, round, err := s.ownParticipation(r, participationOf(rec))
	return rec, org, round, err
}

// ownParticipationForNew is the URL's {participation}, as ownParticipation
// loads it, for a new delegate or work: only a participant has them, not
// a mentor.
func (s *Server) ownParticipationForNew(r *http.Request) (portal.Organisation, portal.Participation, portal.Round, error) {
	org, p, round, err := s.ownParticipation(r, 0)
	if err == nil && p.Role != portal.RoleParticipant {
		err = errNotFound
	}
	return org, p, round, err
}
