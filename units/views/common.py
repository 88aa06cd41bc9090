"""Pages of units and their people: shared helpers."""

# --- public: lists used while typing --------------------------------------------------------
