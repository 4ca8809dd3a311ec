"""The regional pool: freed staff relieve short branches across the city (design §6.1)."""
