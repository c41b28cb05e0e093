"""Federation staff casework (个案工作): job-coach notes and placement follow-ups (1/3/6/12 months)."""
