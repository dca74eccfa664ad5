package auth

import (
	"testing"

	"modellportalen/internal/portal"
)

func TestCan(t *testing.T) {
	orgA, orgB := int64(1), int64(2)
	admin := &portal.User{Role: portal.UserAdmin, Active: true}
	leader := &portal.User{Role: portal.UserProjectLeader, Active: true}
	contactA := &portal.User{Role: portal.UserContact, Active: true, Organisations: []portal.Organisation{{ID: orgA}}}
	inactive := &portal.User{Role: portal.UserAdmin, Active: false}
	who := map[string]*portal.User{"anonymous": nil, "admin": admin, "leader": leader, "contactA": contactA, "inactive": inactive}

	// allowed[action] lists who may do it on organisation A; on B the same
	// except contactA.
	allowed := map[Action][]string{
		ActionPublic:           {"anonymous", "admin", "leader", "contactA", "inactive"},
		ActionOwnAccount:       {"admin", "leader", "contactA"},
		ActionStaff:            {"admin", "leader"},
		ActionManageRounds:     {"admin", "leader"},
		ActionViewHistory:      {"admin", "leader"},
		ActionManageUsers:      {"admin"},
		ActionViewOutbox:       {"admin"},
		ActionViewOrganisation: {"admin", "leader", "contactA"},
		ActionEditOrganisation: {"admin", "leader", "contactA"},
	}
	for _, a := range Actions {
		list, ok := allowed[a]
		if !ok {
			t.Errorf("action %s has no expectation in this test", a)
			continue
		}
		for name, u := range who {
			want := false
			for _, n := range list {
				want = want || n == name
			}
			if got := Can(u, a, Organisation(orgA)); got != want {
				t.Errorf("Can(%s, %s, org A) = %v; want %v", name, a, got, want)
			}
			wantB := want && !(name == "contactA" && NeedsOrganisation(a))
			if got := Can(u, a, Organisation(orgB)); got != wantB {
				t.Errorf("Can(%s, %s, org B) = %v; want %v", name, a, got, wantB)
			}
		}
	}
	if Can(contactA, ActionViewOrganisation, Target{}) {
		t.Error("a contact may view an organisation without naming it")
	}
	if Can(admin, Action("made-up"), Target{}) {
		t.Error("an unknown action is allowed")
	}
}
