package server

import (
	"context"
	"fmt"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// Staff round pages and a contact's organisation page keep, through the
// memo like publicData, what they read
// from tables whose every change is announced on portal_changed
// (participations, organisations, groups and their members and mentors,
// rounds, delegates, improvement works; migration 0010): the same
// guarantees hold (nothing kept while the listener is down, all dropped on
// a change and after a write through this instance). The values are
// shared: do not modify them.

// keptRoundDashboard is the store's RoundDashboard.
func (s *Server) keptRoundDashboard(ctx context.Context, roundID int64) ([]portal.ParticipantStatus, error) {
	return remember(ctx, s.memo, fmt.Sprintf("round-dashboard:%d", roundID), func(ctx context.Context) ([]portal.ParticipantStatus, error) {
		return s.Store.RoundDashboard(ctx, roundID)
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

// keptOrganisationParticipations is the store's OrganisationParticipations.
func (s *Server) keptOrganisationParticipations(ctx context.Context, orgID int64) ([]portal.ContactParticipation, error) {
	return remember(ctx, s.memo, fmt.Sprintf("organisation-participations:%d", orgID), func(ctx context.Context) ([]portal.ContactParticipation, error) {
		return s.Store.OrganisationParticipations(ctx, orgID)
	})
}

// keptDelegates is the store's Delegates of the organisation's
// participations pids (as keptOrganisationParticipations gives them).
func (s *Server) keptDelegates(ctx context.Context, orgID int64, pids []int64) (map[int64][]portal.Delegate, error) {
	return remember(ctx, s.memo, fmt.Sprintf("organisation-delegates:%d:%v", orgID, pids), func(ctx context.Context) (map[int64][]portal.Delegate, error) {
		return s.Store.Delegates(ctx, pids)
	})
}
