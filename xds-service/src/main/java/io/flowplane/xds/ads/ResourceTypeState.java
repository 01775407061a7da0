package io.flowplane.xds.ads;

/** The protocol state of one resource type on one stream, state-of-the-world or delta. */
sealed interface ResourceTypeState permits TypeState, DeltaTypeState {
    TypeStatus status();
}
