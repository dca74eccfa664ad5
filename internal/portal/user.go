package portal

import "time"

// UserRole is what a signed-in person may do in the portal.
type UserRole string

// The roles. Admins and project leaders are SKR staff; a contact person acts
// for one or more organisations.
const (
	UserAdmin         UserRole = "admin"
	UserProjectLeader UserRole = "project_leader"
	UserContact       UserRole = "contact"
)

// UserRoles lists the roles in the order forms offer them.
var UserRoles = []UserRole{UserContact, UserProjectLeader, UserAdmin}

// Valid reports whether r is one of the roles.
func (r UserRole) Valid() bool {
	return r == UserAdmin || r == UserProjectLeader || r == UserContact
}

// IsStaff reports whether the role belongs to SKR staff.
func (r UserRole) IsStaff() bool { return r == UserAdmin || r == UserProjectLeader }

// User is a person who can sign in.
type User struct {
	ID                int64
	Name              string
	Email             string
	Role              UserRole
	Active            bool
	HasPassword       bool
	PasswordChangedAt time.Time
	LastLoginAt       *time.Time
	Version           int
	// SecondFactorRequired is set by an admin for a contact person who must
	// use a second factor; staff always must.
	SecondFactorRequired bool
	// HasSecondFactor: the user has a passkey or an authenticator app.
	HasSecondFactor bool
	// Organisations a contact person acts for; empty for staff.
	Organisations []Organisation
}

// ActsFor reports whether the user is bound to the organisation.
func (u User) ActsFor(organisationID int64) bool {
	for _, o := range u.Organisations {
		if o.ID == organisationID {
			return true
		}
	}
	return false
}

// NeedsSecondFactor reports whether signing in takes a second factor after
// the password: always for staff, for a contact person when an admin asked
// for it or when they set one up themselves.
func (u User) NeedsSecondFactor() bool {
	return u.Role.IsStaff() || u.SecondFactorRequired || u.HasSecondFactor
}
