DROP TABLE meeting_replies;
