// The route needs a fresh second factor before this actor may see its record in full.

import StewardCore
import Vapor

/// The route needs a fresh second factor before this actor may see its record in full.
struct StepUpRequired: Error {}
