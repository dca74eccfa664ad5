package portal

// TrackFits reports whether an organisation of kind k may be admitted to
// track t: regions to the regional track, municipalities and districts to
// the municipal one, and anyone to a mixed track. Associations are not
// bound to a track.
func TrackFits(k OrganisationKind, t Track) bool {
	switch k {
	case Region:
		return t == TrackRegional || t == TrackMixed
	case Municipality, District:
		return t == TrackMunicipal || t == TrackMixed
	}
	return true
}

// TrackMismatch is the message shown beside the track field when
// organisation o may not be admitted to track t; empty when it may.
func TrackMismatch(o Organisation, t Track) string {
	if TrackFits(o.Kind, t) {
		return ""
	}
	switch o.Kind {
	case Region:
		return o.Name + " är en region och kan bara antas till spåret Modellregioner eller Blandade grupper."
	case District:
		return o.Name + " är en stadsdel och kan bara antas till spåret Modellkommuner eller Blandade grupper."
	}
	return o.Name + " är en kommun och kan bara antas till spåret Modellkommuner eller Blandade grupper."
}

// MentorCandidate is an organisation offered as a group's mentor.
type MentorCandidate struct {
	Organisation Organisation
	// Earlier is true when it took part in a round before this one, as a
	// mentor normally has.
	Earlier bool
	// DistanceKM is the distance to the group's members' centre; -1 when
	// either has no coordinates.
	DistanceKM int
}
