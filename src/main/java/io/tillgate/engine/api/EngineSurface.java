package io.tillgate.engine.api;

/**
 * A controller outside the engine that speaks the engine's API: its refusals get the engine's error bodies
 * ({@link EngineErrors}), its doors the engine's checks ({@link EngineDoor}).
 */
public interface EngineSurface {
}
