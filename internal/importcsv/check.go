package importcsv

import (
	"strconv"
	"strings"

	"modellportalen/internal/portal"
)

// State is what Check compares a file with: the round, the organisations
// the file names, and the round's participations and groups as stored.
type State struct {
	Round          portal.Round
	Organisations  []portal.Organisation
	Participations []portal.Participation     // the round's, with Organisation.ID set
	Groups         []portal.BenchmarkingGroup // the round's, with members and mentors (Organisation.ID set)
	TookPartBefore map[int64]bool             // organisations with a part in an earlier round
}

var trackWords = map[portal.Track]string{portal.TrackMunicipal: "Modellkommuner", portal.TrackRegional: "Modellregioner"}

type roleKey struct {
	org  int64
	role portal.Role
}

// groupInfo is a group as the file and the store together would leave it.
type groupInfo struct {
	label   string
	track   portal.Track
	line    int // first row naming a group that is not stored yet; 0 when stored
	members map[int64]bool
	mentors map[int64]bool
}

// Check matches each row's organisation and checks it against the round
// and the rows above it. A row whose every part is stored already is marked
// Exists, so importing a file twice creates nothing the second time.
func (res *Result) Check(st State) {
	byCode := map[string]portal.Organisation{}
	byName := map[string][]portal.Organisation{}
	for _, o := range st.Organisations {
		if o.SCBCode != "" {
			byCode[o.SCBCode] = o
		}
		byName[strings.ToLower(o.Name)] = append(byName[strings.ToLower(o.Name)], o)
	}
	stored := map[roleKey]portal.Participation{}
	for _, p := range st.Participations {
		stored[roleKey{p.Organisation.ID, p.Role}] = p
	}
	groups := map[string]*groupInfo{}
	memberOf := map[int64]string{} // organisation → label of its group, stored
	for _, g := range st.Groups {
		gi := &groupInfo{label: g.Label, track: g.Track, members: map[int64]bool{}, mentors: map[int64]bool{}}
		for _, m := range g.Members {
			gi.members[m.Organisation.ID] = true
			memberOf[m.Organisation.ID] = g.Label
		}
		for _, m := range g.Mentors {
			gi.mentors[m.Organisation.ID] = true
		}
		groups[strings.ToLower(g.Label)] = gi
	}

	participantLine := map[int64]int{} // organisation → first row naming it as participant
	mentorLine := map[string]int{}     // organisation id and group → first row
	newMembers := map[string][]int{}   // group → indexes of rows adding a member
	for i := range res.Rows {
		r := &res.Rows[i]
		if r.Organisation != "" {
			r.Org = match(r, byCode, byName)
		}
		if !r.OK() {
			continue
		}
		if !st.Round.HasTrack(r.Track) {
			r.fail("Omgången har inte spåret %s.", trackWords[r.Track])
			continue
		}
		if (r.Org.Kind == portal.Municipality && r.Track == portal.TrackRegional) ||
			(r.Org.Kind == portal.Region && r.Track == portal.TrackMunicipal) {
			r.warn("%s står i spåret %s – stämmer det?", r.Org.Name, trackWords[r.Track])
		}
		p, partStored := stored[roleKey{r.Org.ID, r.Role}]
		if partStored && p.Track != r.Track {
			r.fail("%s finns redan i omgången som %s i spåret %s.", r.Org.Name, roleWord(r.Role), trackWords[p.Track])
			continue
		}

		var gi *groupInfo
		if r.Group != "" {
			gi = groups[strings.ToLower(r.Group)]
			switch {
			case gi == nil:
				gi = &groupInfo{label: r.Group, track: r.Track, line: r.Line, members: map[int64]bool{}, mentors: map[int64]bool{}}
				groups[strings.ToLower(r.Group)] = gi
			case gi.track != r.Track && gi.line == 0:
				r.fail("Gruppen %s hör till spåret %s.", gi.label, trackWords[gi.track])
				continue
			case gi.track != r.Track:
				r.fail("Gruppen %s har spåret %s på rad %d.", gi.label, trackWords[gi.track], gi.line)
				continue
			}
			r.Group = gi.label
		}

		exists := partStored
		if r.Role == portal.RoleParticipant {
			if line, ok := participantLine[r.Org.ID]; ok {
				r.fail("%s står redan som deltagare på rad %d.", r.Org.Name, line)
				continue
			}
			participantLine[r.Org.ID] = r.Line
			if gi != nil {
				if other := memberOf[r.Org.ID]; other != "" && !strings.EqualFold(other, gi.label) {
					r.fail("%s är redan med i gruppen %s.", r.Org.Name, other)
					continue
				}
				if !gi.members[r.Org.ID] {
					exists = false
					gi.members[r.Org.ID] = true
					newMembers[strings.ToLower(gi.label)] = append(newMembers[strings.ToLower(gi.label)], i)
				}
			}
		} else {
			key := strconv.FormatInt(r.Org.ID, 10) + "\x00" + strings.ToLower(r.Group)
			if line, ok := mentorLine[key]; ok {
				r.fail("Samma mentor och grupp står redan på rad %d.", line)
				continue
			}
			mentorLine[key] = r.Line
			if gi != nil && !gi.mentors[r.Org.ID] {
				exists = false
				gi.mentors[r.Org.ID] = true
			}
			if !exists && !st.TookPartBefore[r.Org.ID] {
				r.warn("%s har inte deltagit i någon tidigare omgång; mentorer brukar ha gjort det.", r.Org.Name)
			}
		}
		r.Exists = exists
	}
	for label, idx := range newMembers {
		if n := len(groups[label].members); n > 3 {
			for _, i := range idx {
				res.Rows[i].warn("Gruppen %s får %d medlemmar; metoden räknar med två eller tre.", groups[label].label, n)
			}
		}
	}
}

func match(r *Row, byCode map[string]portal.Organisation, byName map[string][]portal.Organisation) portal.Organisation {
	if isCode(r.Organisation) {
		if o, ok := byCode[r.Organisation]; ok {
			return o
		}
		r.fail("Ingen organisation har SCB-koden %s.", r.Organisation)
		return portal.Organisation{}
	}
	switch found := byName[strings.ToLower(r.Organisation)]; len(found) {
	case 0:
		r.fail("Okänd organisation ”%s”. Ange SCB-koden eller namnet som det står i portalen.", r.Organisation)
	case 1:
		return found[0]
	default:
		r.fail("Flera organisationer heter ”%s”. Ange SCB-koden i stället.", r.Organisation)
	}
	return portal.Organisation{}
}

func roleWord(r portal.Role) string {
	if r == portal.RoleMentor {
		return "mentor"
	}
	return "deltagare"
}
