package portal

import "sort"

// PublicParticipation is a participation as the open data publish it, with
// its round and the label of its group (empty when in none).
type PublicParticipation struct {
	Participation
	Round      Round
	GroupLabel string
	// MentoredGroups are the groups a mentor guides; Supporting is true
	// when it only supports their primary mentors.
	MentoredGroups []string
	Supporting     bool
	// ParentSCBCode is a district's municipality's code.
	ParentSCBCode string
	// Sources are the keys of the sources the participation cites.
	Sources []string
}

// LineageLink is one step of experience passing on: in Round, Mentor guided
// Mentee (a member of the group labelled GroupLabel). MentorFrom is the
// latest earlier round the mentor took part in as participant, where its
// experience comes from; its ID is 0 when the record has none.
type LineageLink struct {
	Round           Round
	GroupLabel      string
	Kind            MentorKind
	Mentor          Organisation
	MentorFrom      Round
	Mentee          Organisation
	MenteeWithdrawn bool
}

// CountyCount is how many participants a county had in a round's track.
type CountyCount struct {
	RoundID      int64
	CountyCode   string // empty for an organisation with no county
	CountyName   string
	Track        Track
	Participants int
}

// RepeatOrganisation is an organisation that has taken part in several
// rounds, with its parts in them, oldest first.
type RepeatOrganisation struct {
	Organisation Organisation
	Parts        []Participation
	Rounds       []Round
}

// RepeatOrganisations picks out of pps (in round order) the organisations
// that took part in more than one round, by name.
func RepeatOrganisations(pps []PublicParticipation) []RepeatOrganisation {
	idx := map[int64]int{}
	var all []RepeatOrganisation
	for _, pp := range pps {
		i, ok := idx[pp.Organisation.ID]
		if !ok {
			i = len(all)
			idx[pp.Organisation.ID] = i
			all = append(all, RepeatOrganisation{Organisation: pp.Organisation})
		}
		all[i].Parts = append(all[i].Parts, pp.Participation)
		all[i].Rounds = append(all[i].Rounds, pp.Round)
	}
	var out []RepeatOrganisation
	for _, ro := range all {
		distinct := map[int64]bool{}
		for _, r := range ro.Rounds {
			distinct[r.ID] = true
		}
		if len(distinct) > 1 {
			out = append(out, ro)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Organisation.Name < out[j].Organisation.Name })
	return out
}
