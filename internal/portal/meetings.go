package portal

import (
	"time"
	// The meeting times are Stockholm's wherever the portal runs, so the
	// zone database goes into the binary.
	_ "time/tzdata"
)

// Stockholm is the time zone of every meeting's start and end.
var Stockholm = mustLoadLocation("Europe/Stockholm")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// PlannedMeetingKinds are the types a project leader can give a meeting, in
// the order of a round's year. MeetingLearning is kept for the record's
// meetings whose place in the sequence is not known.
var PlannedMeetingKinds = []MeetingKind{MeetingStartUp, MeetingStrategists, MeetingBenchmarking1, MeetingBenchmarking2,
	MeetingBenchmarking3, MeetingResultsConference, MeetingGroup, MeetingOther}

// ValidMeetingKind reports whether k is a type a meeting can have.
func ValidMeetingKind(k MeetingKind) bool {
	if k == MeetingLearning {
		return true
	}
	for _, x := range PlannedMeetingKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Span is the first and last day of the round, as precisely as its dates are
// known: a round known only by its years runs from 1 January of the first to
// 31 December of the last.
func (r Round) Span() (first, last time.Time) {
	first = time.Date(r.StartYear, time.January, 1, 0, 0, 0, 0, time.UTC)
	last = time.Date(r.EndYear, time.December, 31, 0, 0, 0, 0, time.UTC)
	if !r.Starts.IsZero() {
		s := r.Starts.Time
		switch r.Starts.Precision {
		case PrecisionDay:
			first = time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
		case PrecisionMonth:
			first = time.Date(s.Year(), s.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
	}
	if !r.Ends.IsZero() {
		e := r.Ends.Time
		switch r.Ends.Precision {
		case PrecisionDay:
			last = time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
		case PrecisionMonth:
			last = time.Date(e.Year(), e.Month()+1, 0, 0, 0, 0, 0, time.UTC)
		}
	}
	return first, last
}

// WithinSpan reports whether day lies within the round's dates.
func (r Round) WithinSpan(day time.Time) bool {
	first, last := r.Span()
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	return !d.Before(first) && !d.After(last)
}

// PlannedMeeting is one meeting of the standard sequence before it is saved.
type PlannedMeeting struct {
	Kind MeetingKind
	Day  time.Time
}

// StandardSequence is the programme's year of meetings laid over the round:
// a start-up, three benchmarking meetings each with SKR's meeting with the
// strategists a week before, and a results conference. The dates are a
// first proposal on weekdays for the project leader to adjust.
func StandardSequence(r Round) []PlannedMeeting {
	first, last := r.Span()
	step := last.Sub(first) / 5
	at := func(d time.Time) time.Time {
		switch d.Weekday() {
		case time.Saturday:
			d = d.AddDate(0, 0, 2)
		case time.Sunday:
			d = d.AddDate(0, 0, 1)
		}
		return d.Truncate(24 * time.Hour)
	}
	seq := []PlannedMeeting{{MeetingStartUp, at(first.AddDate(0, 0, 14))}}
	for i, k := range []MeetingKind{MeetingBenchmarking1, MeetingBenchmarking2, MeetingBenchmarking3} {
		day := at(first.Add(step * time.Duration(i+1)))
		seq = append(seq, PlannedMeeting{MeetingStrategists, at(day.AddDate(0, 0, -7))}, PlannedMeeting{k, day})
	}
	end := last.AddDate(0, 0, -21)
	if end.Weekday() == time.Saturday || end.Weekday() == time.Sunday {
		end = end.AddDate(0, 0, -2)
	}
	return append(seq, PlannedMeeting{MeetingResultsConference, at(end)})
}

// MeetingTimes combines a day with clock times in Stockholm; a clock reads
// "HH:MM". ok is false when a clock cannot be read.
func MeetingTimes(day time.Time, startClock, endClock string) (starts, ends time.Time, ok bool) {
	s, err1 := time.Parse("15:04", startClock)
	e, err2 := time.Parse("15:04", endClock)
	if err1 != nil || err2 != nil {
		return starts, ends, false
	}
	starts = time.Date(day.Year(), day.Month(), day.Day(), s.Hour(), s.Minute(), 0, 0, Stockholm)
	ends = time.Date(day.Year(), day.Month(), day.Day(), e.Hour(), e.Minute(), 0, 0, Stockholm)
	return starts, ends, true
}

// Invitee is a delegate a meeting is for, with the version of the meeting
// last sent to them.
type Invitee struct {
	DelegateID   int64
	Name         string
	Email        string
	Level        Level
	Organisation string
	SentSequence int
	// Invited is whether an invitation was sent at all.
	Invited bool
	// Answer is the delegate's reply, empty before they answer, with the
	// substitute they send.
	Answer          ReplyAnswer
	SubstituteName  string
	SubstituteLevel Level
}

// ReplyAnswer is a delegate's answer to an invitation.
type ReplyAnswer string

// The answers to an invitation.
const (
	ReplyComing     ReplyAnswer = "coming"
	ReplyNotComing  ReplyAnswer = "not-coming"
	ReplySubstitute ReplyAnswer = "substitute"
)

// Reply is a delegate's answer, with the substitute they send.
type Reply struct {
	MeetingID, DelegateID int64
	Answer                ReplyAnswer
	SubstituteName        string
	SubstituteLevel       Level
	SubstituteEmail       string
}

// ReplyInvitee is the delegate a reply link is for, and the meeting.
type ReplyInvitee struct {
	Meeting      LearningMeeting
	DelegateID   int64
	RoundName    string
	Name         string
	Organisation string
	Level        Level
	Reply        *Reply
}

// Joint reports whether the meeting is one of the round's joint meetings
// (start-up, benchmarking meetings, results conference), held for the whole
// round or one track rather than for a group or SKR's strategists. Joint
// meetings are the ones the round's public calendar shows.
func (m LearningMeeting) Joint() bool {
	if m.GroupID != 0 {
		return false
	}
	switch m.Kind {
	case MeetingStartUp, MeetingLearning, MeetingBenchmarking1, MeetingBenchmarking2, MeetingBenchmarking3,
		MeetingResultsConference:
		return true
	}
	return false
}
