from party_points.dashboard import score_trend as get
