"""What the jobs report beyond the board and the letters: the approval pack for the 律师函 (`approvals`), the
major-arrears report (`arrears_report`), and the terminal summary of a letters run (`summary`)."""
