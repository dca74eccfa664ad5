package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// Signed-in pages keep, through the memo like publicData, what they read
// from tables whose every change is announced on portal_changed
// (participations, organisations, groups and their members and mentors,
// rounds, meetings, delegates, improvement works: migration 0010; results:
// 0017; round tracks and sources: 0018; a round's project leaders, a
// meeting's attendance, minutes and tasks, calendar feeds: 0031). The same
// guarantees hold: nothing is kept while the listener is down, and
// everything is dropped on a change and after a write through this
// instance. Who is signed in, and what they may see, is never kept: the
// session and its user are read on every request. The values are shared:
// do not modify them.

// keptByID is get(id), kept for a page that only shows (GET and HEAD).
// A write reads afresh what it is about to change.
func keptByID[T any](s *Server, r *http.Request, kind string, id int64, get func(context.Context, int64) (T, error)) (T, error) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return get(r.Context(), id)
	}
	return remember(r.Context(), s.memo, kind+":"+strconv.FormatInt(id, 10), func(ctx context.Context) (T, error) {
		return get(ctx, id)
	})
}

// kept is get for a page that only shows: what it loads is kept as
// keptByID keeps it, under kind and the id.
func kept[T any](s *Server, r *http.Request, kind string, get func(context.Context, int64) (T, error)) func(context.Context, int64) (T, error) {
	return func(_ context.Context, id int64) (T, error) { return keptByID(s, r, kind, id, get) }
}

// keptUserOrganisations is the store's UserOrganisationsByID: the
// organisations a signed-in contact acts for, named on every request.
func (s *Server) keptUserOrganisations(ctx context.Context, ids []int64) ([]portal.Organisation, error) {
	return remember(ctx, s.memo, fmt.Sprint("user-organisations:", ids), func(ctx context.Context) ([]portal.Organisation, error) {
		return s.Store.UserOrganisationsByID(ctx, ids)
	})
}

// keptMentorCandidates is the store's MentorCandidates; a search (a
// query typed in) is not kept.
func (s *Server) keptMentorCandidates(ctx context.Context, f store.MentorFilter) ([]portal.MentorCandidate, error) {
	if f.Query != "" {
		return s.Store.MentorCandidates(ctx, f)
	}
	key := fmt.Sprintf("mentor-candidates:%d:%s:%d:%d", f.GroupID, f.Track, f.StartYear, f.Limit)
	return remember(ctx, s.memo, key, func(ctx context.Context) ([]portal.MentorCandidate, error) {
		return s.Store.MentorCandidates(ctx, f)
	})
}
