package portal

import (
	"fmt"
	"time"
)

// Precision is how exact a date from the public record is.
type Precision string

// A date is known to the day, the month or only the year.
const (
	PrecisionDay   Precision = "day"
	PrecisionMonth Precision = "month"
	PrecisionYear  Precision = "year"
)

// PartialDate is a date known to some precision: "2015-05-28", "2020-02" or
// "2016". Its Time is the first day of what is known.
type PartialDate struct {
	Time      time.Time
	Precision Precision
}

// IsZero reports whether no date is known.
func (d PartialDate) IsZero() bool { return d.Precision == "" }

// ISO is the date written as precisely as it is known: 2015-05-28, 2020-02
// or 2016.
func (d PartialDate) ISO() string {
	switch d.Precision {
	case PrecisionDay:
		return d.Time.Format(time.DateOnly)
	case PrecisionMonth:
		return d.Time.Format("2006-01")
	case PrecisionYear:
		return d.Time.Format("2006")
	}
	return ""
}

// ParsePartialDate reads a date written as YYYY, YYYY-MM or YYYY-MM-DD.
func ParsePartialDate(s string) (PartialDate, error) {
	for _, f := range []struct {
		layout string
		p      Precision
	}{{time.DateOnly, PrecisionDay}, {"2006-01", PrecisionMonth}, {"2006", PrecisionYear}} {
		if len(s) == len(f.layout) {
			t, err := time.Parse(f.layout, s)
			if err != nil {
				return PartialDate{}, fmt.Errorf("date %q: %w", s, err)
			}
			return PartialDate{Time: t, Precision: f.p}, nil
		}
	}
	return PartialDate{}, fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// TrackSpan is one track's span within a round.
type TrackSpan struct {
	Track        Track
	Starts, Ends PartialDate
}

// Confidence is how sure the public record is of a fact.
type Confidence string

// The levels of confidence.
const (
	ConfidenceHigh   Confidence = "high"
	ConfidenceMedium Confidence = "medium"
	ConfidenceLow    Confidence = "low"
)

// ParticipationStatus is what the record says of a participation: the
// organisation took part, withdrew, or it is not known whether it took part.
type ParticipationStatus string

// The statuses of a participation.
const (
	TookPart  ParticipationStatus = "took_part"
	Withdrew  ParticipationStatus = "withdrew"
	Uncertain ParticipationStatus = "uncertain"
)

// Status is the participation's status: a withdrawal first, then an
// uncertainty.
func (p Participation) Status() ParticipationStatus {
	switch {
	case p.Withdrawn:
		return Withdrew
	case p.UncertainReason != "":
		return Uncertain
	}
	return TookPart
}

// MeetingKind is what sort of meeting a learning meeting is.
type MeetingKind string

// The kinds of meeting.
const (
	MeetingStartUp           MeetingKind = "start-up"
	MeetingLearning          MeetingKind = "learning"
	MeetingBenchmarking1     MeetingKind = "benchmarking-1"
	MeetingBenchmarking2     MeetingKind = "benchmarking-2"
	MeetingBenchmarking3     MeetingKind = "benchmarking-3"
	MeetingResultsConference MeetingKind = "results-conference"
	MeetingGroup             MeetingKind = "group-meeting"
	MeetingStrategists       MeetingKind = "strategists"
	MeetingOther             MeetingKind = "other"
)

// Source is a public page (or a text known only by its publisher and date)
// that the record cites.
type Source struct {
	ID          int64
	Key         string
	Publisher   string
	PublishedOn *time.Time
	Title       string
	Summary     string // what it says, in brief
	URL         string // empty where only the text is known
}

// Citation is a source cited by one fact, with who recorded it; RecordedBy
// is empty for what was loaded from the public record.
type Citation struct {
	Source     Source
	RecordedBy string
	RecordedAt time.Time
}

// Conflict is where sources disagree: both accounts with their sources and
// the reading the record suggests, in Swedish and English.
type Conflict struct {
	SV, EN             ConflictText
	SourcesA, SourcesB []string // source keys
}

// ConflictText is a conflict worded in one language.
type ConflictText struct {
	Subject, ClaimA, ClaimB, Reading string
}

// RoundRecord is what the public record says of a round beyond its groups.
type RoundRecord struct {
	Sources   RecordSources
	Conflicts []Conflict
	Spans     []TrackSpan
}

// RecordSources are the sources of everything a public page shows: the list
// of sources and, per fact, the keys it cites.
type RecordSources struct {
	Sources []Source
	// By subject ("round", "participation:12", "group:3", "mentor:3:45",
	// "meeting:7"), the keys of the sources it cites.
	Cites map[string][]string
}

// Number is a source's place (from 1) in the page's list, 0 if absent.
func (rs RecordSources) Number(key string) int {
	for i, s := range rs.Sources {
		if s.Key == key {
			return i + 1
		}
	}
	return 0
}

// Scan reads a date written as precisely as it is known (see ISO); an empty
// one is the zero PartialDate.
func (d *PartialDate) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("partial date from %T", src)
	}
	if s == "" {
		*d = PartialDate{}
		return nil
	}
	pd, err := ParsePartialDate(s)
	if err != nil {
		return err
	}
	*d = pd
	return nil
}
