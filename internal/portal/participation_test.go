package portal

import (
	"testing"
	"time"
)

func TestParticipationDuties(t *testing.T) {
	day := time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name          string
		p             Participation
		participating bool
		decision      bool
	}{
		{"participant with the decision", Participation{Role: RoleParticipant, DecisionOn: &day, DecisionReference: "KF § 12"}, true, true},
		{"participant without a reference", Participation{Role: RoleParticipant, DecisionOn: &day}, true, false},
		{"participant without a date", Participation{Role: RoleParticipant, DecisionReference: "KF § 12"}, true, false},
		{"withdrawn participant", Participation{Role: RoleParticipant, Withdrawn: true}, false, false},
		{"mentor", Participation{Role: RoleMentor}, false, false},
	}
	for _, tt := range tests {
		if got := tt.p.Participating(); got != tt.participating {
			t.Errorf("%s: Participating() = %v", tt.name, got)
		}
		if got := tt.p.HasDecision(); got != tt.decision {
			t.Errorf("%s: HasDecision() = %v", tt.name, got)
		}
	}
	for role, valid := range map[Role]bool{RoleParticipant: true, RoleMentor: true, "": false, "observer": false} {
		if role.Valid() != valid {
			t.Errorf("Role(%q).Valid() = %v", role, !valid)
		}
	}
}

func TestCountLevels(t *testing.T) {
	got := ParticipantStatus{LevelCounts: CountLevels([]Delegate{{Level: LevelPolitician}, {Level: LevelManager}, {Level: LevelPolitician}})}
	if got.LevelCounts[LevelPolitician] != 2 || got.LevelCounts[LevelManager] != 1 || got.DelegationComplete() {
		t.Errorf("counts %v, complete %v", got.LevelCounts, got.DelegationComplete())
	}
	if missing := got.MissingLevels(); len(missing) != 1 || missing[0] != LevelStrategist {
		t.Errorf("missing %v, want the strategist", missing)
	}
}
