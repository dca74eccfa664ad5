package export

import (
	"strings"
	"time"

	"modellportalen/internal/portal"
)

// Swedish words for the domain's values in the exported lists.
var (
	kindWords  = map[portal.OrganisationKind]string{portal.Municipality: "Kommun", portal.Region: "Region", portal.Association: "Kommunförbund"}
	trackWords = map[portal.Track]string{portal.TrackMunicipal: "Modellkommuner", portal.TrackRegional: "Modellregioner"}
	roleWords  = map[portal.Role]string{portal.RoleParticipant: "Deltagare", portal.RoleMentor: "Mentor"}
	levelWords = map[portal.Level]string{portal.LevelPolitician: "Politiker", portal.LevelManager: "Chef",
		portal.LevelStrategist: "Jämställdhetsstrateg", portal.LevelMember: "Styrgruppsmedlem"}
)

// FileName is the name an export is offered under, e.g. deltagare-2019.csv.
func FileName(list string, r portal.Round, ext string) string {
	return list + "-" + r.Slug + "." + ext
}

// Participants is a round's participant list: every participant and mentor
// with its organisation, group, mentors, admission, entry decision and any
// withdrawal. For a mentor the group column names the groups it guides.
func Participants(ov portal.RoundOverview) Table {
	t := Table{Sheet: "Deltagare", Columns: []Column{
		{Header: "Organisation", Width: 28},
		{Header: "SCB-kod", Width: 9},
		{Header: "Typ", Width: 14},
		{Header: "Län", Width: 20},
		{Header: "Spår", Width: 16},
		{Header: "Roll", Width: 11},
		{Header: "Grupp", Width: 28},
		{Header: "Mentorer", Width: 32},
		{Header: "Antagen", Width: 12, Date: true},
		{Header: "Beslutsdatum", Width: 13, Date: true},
		{Header: "Beslutsreferens", Width: 22},
		{Header: "Avbrutit", Width: 9},
		{Header: "Avbrutit datum", Width: 14, Date: true},
		{Header: "Skäl", Width: 32},
	}}
	groupOf := map[int64]portal.BenchmarkingGroup{} // participation id → its group
	mentored := map[int64][]string{}                // organisation id → groups it mentors
	for _, g := range ov.Groups {
		for _, m := range g.Members {
			groupOf[m.ID] = g
		}
		for _, m := range g.Mentors {
			label := g.Label
			if m.Kind == portal.MentorSupporting {
				label += " (stödjande)"
			}
			mentored[m.Organisation.ID] = append(mentored[m.Organisation.ID], label)
		}
	}
	for _, p := range ov.Participations {
		o := p.Organisation
		var group, mentors string
		if p.Role == portal.RoleMentor {
			group = strings.Join(mentored[o.ID], ", ")
		} else if g, ok := groupOf[p.ID]; ok {
			group = g.Label
			var names []string
			for _, m := range g.Mentors {
				name := m.Organisation.Name
				if m.Kind == portal.MentorSupporting {
					name += " (stödjande)"
				}
				names = append(names, name)
			}
			mentors = strings.Join(names, ", ")
		}
		withdrawn := ""
		if p.Withdrawn {
			withdrawn = "Ja"
		}
		t.Rows = append(t.Rows, []string{
			o.Name, o.SCBCode, kindWords[o.Kind], o.CountyName, trackWords[p.Track], roleWords[p.Role],
			group, mentors, day(p.AdmittedOn), day(p.DecisionOn), cleanCell(p.DecisionReference),
			withdrawn, day(p.WithdrawnOn), cleanCell(p.WithdrawalReason),
		})
	}
	return t
}

// Contacts is a round's contact list: the delegates of every participation,
// by organisation and level. It holds personal data, so exporting it is
// audit-logged by the caller.
func Contacts(ds []portal.RoundDelegate) Table {
	t := Table{Sheet: "Kontakter", Columns: []Column{
		{Header: "Organisation", Width: 28},
		{Header: "Nivå", Width: 20},
		{Header: "Namn", Width: 26},
		{Header: "Titel", Width: 28},
		{Header: "Parti", Width: 16},
		{Header: "E-post", Width: 32},
		{Header: "Telefon", Width: 18},
	}}
	for _, d := range ds {
		t.Rows = append(t.Rows, []string{
			d.Organisation, levelWords[d.Level], cleanCell(d.Name), cleanCell(d.Title), cleanCell(d.Party),
			d.Email, d.Phone,
		})
	}
	return t
}

func day(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}
