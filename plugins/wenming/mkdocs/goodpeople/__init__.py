"""身边好人 section: honour rolls, 公示 notices, category pages and role-model profiles."""
