package io.atelier.ingest.messaging;

import io.atelier.testsupport.ChannelTopicsContract;

class ChannelTopicsTest extends ChannelTopicsContract {
}
