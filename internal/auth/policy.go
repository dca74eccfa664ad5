package auth

import "modellportalen/internal/portal"

// Action is something a route does, named so that the policy below can say
// who may do it. Every route in the server is registered with one.
type Action string

// The actions. A new action needs a case in Can as well.
const (
	// ActionPublic is open to everyone, signed in or not.
	ActionPublic Action = "public"
	// ActionOwnAccount is a signed-in person's own account and pages.
	ActionOwnAccount Action = "own-account"
	// ActionStaff is reading the staff pages.
	ActionStaff Action = "staff"
	// ActionManageRounds is administering rounds, groups and participants.
	ActionManageRounds Action = "manage-rounds"
	// ActionViewHistory is reading the audit log of a record.
	ActionViewHistory Action = "view-history"
	// ActionManageUsers is inviting people and changing roles and access.
	ActionManageUsers Action = "manage-users"
	// ActionInviteContacts is inviting contact persons for the
	// organisations in the rounds one leads (which organisations those
	// are is data, checked by the handler against round_leaders).
	ActionInviteContacts Action = "invite-contacts"
	// ActionViewOutbox is reading the mail outbox. Mail not yet sent holds live
	// invitation and reset links, so only admins may read it.
	ActionViewOutbox Action = "view-outbox"
	// ActionViewOrganisation is reading an organisation's own pages (its
	// delegates, improvement work); the target is the organisation.
	ActionViewOrganisation Action = "view-organisation"
	// ActionEditOrganisation is changing an organisation's own data; the
	// target is the organisation.
	ActionEditOrganisation Action = "edit-organisation"
	// ActionVerifySecondFactor is passing one's second factor: after the
	// password, and again before sensitive actions.
	ActionVerifySecondFactor Action = "verify-second-factor"
	// ActionOwnSecondFactor is setting up and managing one's own second
	// factors (passkeys, authenticator app, recovery codes).
	ActionOwnSecondFactor Action = "own-second-factor"
)

// Actions lists every action, for tests that try them all.
var Actions = []Action{ActionPublic, ActionOwnAccount, ActionStaff, ActionManageRounds, ActionViewHistory,
	ActionManageUsers, ActionInviteContacts, ActionViewOutbox, ActionViewOrganisation, ActionEditOrganisation,
	ActionVerifySecondFactor, ActionOwnSecondFactor}

// Target is what an action is done to, when that matters to the policy.
type Target struct {
	OrganisationID int64 // 0 for none
}

// Organisation targets the organisation with the id.
func Organisation(id int64) Target { return Target{OrganisationID: id} }

// Can reports whether user may do action on target. A nil user is someone
// who has not signed in; an inactive user may do only what anyone may. This
// is the portal's one authorisation policy: handlers never decide by role
// themselves.
func Can(user *portal.User, action Action, target Target) bool {
	if action == ActionPublic {
		return true
	}
	if user == nil || !user.Active {
		return false
	}
	switch action {
	case ActionOwnAccount, ActionVerifySecondFactor, ActionOwnSecondFactor:
		return true
	case ActionStaff, ActionManageRounds, ActionViewHistory, ActionInviteContacts:
		return user.Role.IsStaff()
	case ActionManageUsers, ActionViewOutbox:
		return user.Role == portal.UserAdmin
	case ActionViewOrganisation, ActionEditOrganisation:
		if user.Role.IsStaff() {
			return true
		}
		return user.Role == portal.UserContact && target.OrganisationID != 0 && user.ActsFor(target.OrganisationID)
	}
	// An action without a rule is denied, so a forgotten case fails closed.
	return false
}

// NeedsOrganisation reports whether the action is decided per organisation,
// so its routes must name one.
func NeedsOrganisation(a Action) bool {
	return a == ActionViewOrganisation || a == ActionEditOrganisation
}

// CanWhilePending reports whether someone who gave the right password but
// has not passed their second factor yet may do action: pass it if they
// have one, set one up if they have none, and nothing else. Someone with a
// factor may not add another before passing it, or a stolen password would
// be enough to add the thief's.
func CanWhilePending(u portal.User, action Action) bool {
	if !u.Active {
		return false
	}
	switch action {
	case ActionPublic:
		return true
	case ActionVerifySecondFactor:
		return u.HasSecondFactor
	case ActionOwnSecondFactor:
		return !u.HasSecondFactor
	}
	return false
}
