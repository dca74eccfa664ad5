package portal

// PublicParticipation is a participation as the open data publish it, with
// its round and the label of its group (empty when in none).
type PublicParticipation struct {
	Participation
	Round      Round
	GroupLabel string
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
