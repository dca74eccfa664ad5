package web

// CalendarFeedView is what an organisation's page shows of its private
// calendar feed: its secret address while it is on.
type CalendarFeedView struct {
	OrganisationID int64
	URL            string // empty while the feed is off
}
