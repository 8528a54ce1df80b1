import Foundation

// libgomp reads OMP_THREAD_LIMIT only when it loads; without it tesseract's OpenMP threads fight each other and
// OCR runs about 1.8x slower (shared/BINDINGS.md §3). So the process restarts itself once with it set.
OpenMP.ensureSingleThreaded()
CertArchive.main()
