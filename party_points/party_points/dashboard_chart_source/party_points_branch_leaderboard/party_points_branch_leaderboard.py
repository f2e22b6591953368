from party_points.leaderboard import branch_chart as get
