import Foundation

// libgomp reads OMP_THREAD_LIMIT only when it loads; without it tesseract's OpenMP threads fight each other and
// OCR runs about 1.8x slower (shared/BINDINGS.md §3). So the process restarts itself once with it set.
OpenMP.ensureSingleThreaded()
// Everything certarchive creates holds personal data or says where it is: the archive and its WAL, backups,
// exports, reports, logs and folders are its owner's alone (files 0600, folders 0700), whatever the shell's umask.
umask(0o077)
CertArchive.main()
