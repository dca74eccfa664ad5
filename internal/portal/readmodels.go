package portal

// Read models: what the pages show of several records at once, as the store
// returns them. They live here, beside the domain types, so the templates
// need not import the store.

import (
	"slices"
	"time"
)

// AuditEntry is one line of a record's history.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // the user's name and e-mail address, or the system label
	Action string
	Before map[string]any
	After  map[string]any
}

// Fields lists the field names the entry mentions, sorted.
func (e AuditEntry) Fields() []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]any{e.Before, e.After} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// RoundDelegate is a delegate with the organisation it represents.
type RoundDelegate struct {
	Delegate
	Organisation string
	Track        Track
	Role         Role
}

// PersonRecord is everything the portal holds about one person, found by
// e-mail address: delegate entries with their organisation and round, the
// meetings they attended, and a user account if any.
type PersonRecord struct {
	Email     string
	Delegates []PersonDelegate
	Account   *PersonAccount
	// Substitutes are the replies that name the person as a delegate's
	// substitute.
	Substitutes []PersonSubstitute
}

// PersonSubstitute is one reply naming a person as substitute.
type PersonSubstitute struct {
	Meeting      string // the meeting's date
	Round        string
	Organisation string
	Delegate     string // whose place they take
	Name         string
	Level        Level
	Attended     bool
}

// PersonDelegate is one delegate entry of a person.
type PersonDelegate struct {
	Delegate
	Organisation string
	Round        string
	Meetings     []string // dates of learning meetings attended
	// Replies are the answers to invitations, with any substitute named.
	Replies []string
}

// PersonAccount is a person's user account, without its password hash.
type PersonAccount struct {
	ID            int64 `json:"-"`
	Name          string
	Email         string
	Role          string
	Active        bool
	Organisations []string
	CreatedAt     string
	LastLoginAt   string
}

// OutboxMessage is a queued, sent or logged mail.
type OutboxMessage struct {
	ID int64
	Mail
	CreatedAt    time.Time
	Attempts     int
	LastError    string
	SentAt       *time.Time
	DeliveredVia string // "smtp", "log" or "" while pending
}

// Mail is a message for the outbox.
type Mail struct {
	To      string
	Subject string
	Body    string
	// Attachment, when not nil, goes with the text as a file named
	// AttachmentName of type AttachmentType (a meeting's invitation).
	AttachmentName string
	AttachmentType string
	Attachment     []byte
}

// ContactParticipation is one of an organisation's participations with what
// its contact page shows: round, group, fellow members and mentors.
type ContactParticipation struct {
	Participation
	Round Round
	Group *BenchmarkingGroup // nil when in no group
	// Mentored are the groups the organisation mentors in this
	// participation, with their members and mentors.
	Mentored []BenchmarkingGroup
}

// CalendarFeed is an organisation's private calendar feed: the generation
// its secret address is signed for, and whether it is on. The zero value is
// an organisation that never made one.
type CalendarFeed struct {
	Generation int
	Active     bool
}

// Reminder is a meeting's reminder to one invited delegate, or to the
// substitute the delegate named in their reply.
type Reminder struct {
	Meeting    LearningMeeting
	RoundName  string
	RoundSlug  string
	DelegateID int64
	// Name and Email are whom the reminder goes to: the delegate, or
	// their substitute when Substitute is set.
	Name, Email  string
	Substitute   bool
	Organisation string
	// Answer is the delegate's reply so far; empty when none.
	Answer string
}
