"""studybook: printable leader guides and participant handouts from Bible-study YAML."""

__version__ = "0.1.0"
