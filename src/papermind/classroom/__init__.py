"""The class: students export their quiz results, an instructor imports them and gets class
statistics, a discussion agenda and a gradebook file. ``service.ClassService`` is what the shells
call; the other modules are small and pure (file format, import, statistics, agenda, grades)."""
