"""The live preview behind `studybook serve`: builds, page pictures, watcher, web server."""
